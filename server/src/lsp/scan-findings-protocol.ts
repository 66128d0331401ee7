/** The client -> server notification carrying a pushed image's scan report (no runtime imports: the client bundles it). */
import type { ScanReport } from '../ecr/scan-report';

export const SCAN_FINDINGS_NOTIFICATION = 'djangoContainer/scanFindings';

export interface ScanFindingsParams {
  /** The Dockerfile the image was built from. */
  uri: string;
  report: ScanReport;
  /** The stage that was pushed (--target), when not the last one. */
  target?: string;
}
