/**
 * Hovers: the docs (and quick fixes) of the findings under the cursor; the Python base image of a
 * FROM (version, variant, suite, EOL); an ECR reference (account, region, repository, tag, and from
 * the cache: digest, size, pushed at, scan status); a WSGI/ASGI or settings module with its file.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver-types';
import { osSuite, pythonImageInfo, pythonStatusAt } from '../data/python';
import { parseEcrImageReference, type EcrImageReference } from '../ecr/reference';
import { findRule } from '../rules/engine';
import type { FeatureContext } from './context';
import { cachedImage } from './ecr-lookup';
import { formatBytes } from './format';
import { contains, stageAt } from './cursor';
import { moduleReferences, type ModuleReference } from './module-references';

export function hoverAt(context: FeatureContext, position: Position): Hover | null {
  const sections: string[] = [];
  for (const finding of context.findings) {
    if (contains(finding.range, position)) sections.push(findingSection(finding.ruleId, finding.message, finding.fixes?.map((fix) => fix.title) ?? []));
  }
  const stage = stageAt(context.dockerfile, position.line);
  const imageRange = stage?.from.getImageRange();
  if (stage && imageRange && contains(imageRange, position)) sections.push(...imageSections(context, stage.baseImage));
  const reference = moduleReferences(context.document, context.dockerfile, context.workspace).find((ref) => contains(ref.range, position));
  if (reference) sections.push(moduleSection(context, reference));
  if (!sections.length) return null;
  return { contents: { kind: MarkupKind.Markdown, value: sections.join('\n\n---\n\n') } };
}

function findingSection(ruleId: string, message: string, fixTitles: string[]): string {
  const rule = findRule(ruleId);
  const lines = [`**${rule?.title ?? message}** \`${ruleId}\``, '', message];
  if (rule?.doc) lines.push('', rule.doc);
  const equivalents = [rule?.hadolint && `hadolint ${rule.hadolint}`, rule?.buildkit && `BuildKit ${rule.buildkit}`].filter(Boolean);
  if (equivalents.length) lines.push('', `Same as ${equivalents.join(', ')}.`);
  if (fixTitles.length) lines.push('', `Quick fix: ${fixTitles.join('; ')}`);
  return lines.join('\n');
}

function imageSections(context: FeatureContext, image: string): string[] {
  const sections: string[] = [];
  const python = pythonImageInfo(image, context.now);
  if (python && python.version) {
    const at = context.now ?? new Date();
    const status = pythonStatusAt(python.version, at);
    const suite = python.suite ? osSuite(python.suite) : undefined;
    const lines = [`**Python ${python.patch ?? python.version}** · \`${image}\``, ''];
    lines.push(`- Variant: ${python.variant}${python.uvImage ? ' (uv image)' : ''}`);
    if (python.suite) lines.push(`- OS: ${suite ? `${suite.label} (${suite.name})${suite.maintained ? '' : ', no longer rebuilt'}` : python.suite}`);
    if (python.eolDate) lines.push(`- End of life: ${python.eolDate}${python.isEol(at) ? ' **(reached: no more security fixes)**' : status === 'security' ? ' (security fixes only now)' : ''}`);
    if (python.release && !python.patch) lines.push(`- Newest patch: ${python.release.latestPatch}`);
    if (python.floating) lines.push('- The tag floats: pin the minor version and the OS suite (e.g. `3.13-slim-trixie`) for reproducible builds.');
    sections.push(lines.join('\n'));
  }
  const ecr = parseEcrImageReference(image);
  if (ecr) sections.push(ecrSection(context, ecr));
  return sections;
}

function ecrSection(context: FeatureContext, ref: EcrImageReference): string {
  const lines = [`**Amazon ECR${ref.kind === 'public' ? ' Public' : ''} image**`, ''];
  if (ref.account) lines.push(`- Account: \`${ref.account}\``);
  if (ref.region) lines.push(`- Region: ${ref.region}`);
  if (ref.registryAlias) lines.push(`- Registry alias: ${ref.registryAlias}`);
  if (ref.repository) lines.push(`- Repository: ${ref.repository}`);
  lines.push(`- Tag: ${ref.tag ?? (ref.digest ? '(by digest)' : 'latest (implied)')}`);
  if (ref.digest) lines.push(`- Digest: \`${ref.digest}\``);
  for (const problem of ref.errors) lines.push(`- ⚠ ${problem.message}`);
  const image = cachedImage(context, ref);
  if (image) {
    lines.push('', 'In ECR (cached):');
    lines.push(`- Digest: \`${image.digest}\``);
    if (image.sizeBytes !== undefined) lines.push(`- Size: ${formatBytes(image.sizeBytes)}`);
    if (image.pushedAt) lines.push(`- Pushed at: ${image.pushedAt.toISOString()}`);
    lines.push(`- Scan status: ${image.scanStatus ?? 'not scanned'}`);
    if (image.tags.length) lines.push(`- Tags: ${image.tags.join(', ')}`);
  }
  return lines.join('\n');
}

function moduleSection(context: FeatureContext, reference: ModuleReference): string {
  const what = reference.kind === 'settings' ? 'Settings module' : 'Application';
  if (!reference.file || !context.workspace) return `**${what}** \`${reference.text}\`\n\nNot found in the build context.`;
  const uri = pathToFileURL(path.join(context.workspace.contextDir, reference.file)).href;
  return `**${what}** \`${reference.text}\`\n\nDefined in [${reference.file}](${uri})`;
}
