/**
 * The AWS CodeBuild buildspec that runs the same push flow as a laptop (build, smoke test, login, push, scan
 * findings) on CodeBuild's own docker: the CLI is installed from the package named by DCT_CLI_PACKAGE and called
 * with the repository, region and a tag from the commit. Credentials come from the project's service role (the
 * SDK's container credentials); nothing secret is written into the file.
 */
import { repositoryNameProblem } from '../push/validate';
import { GenerateError } from './options';

export interface BuildspecContext {
  repository: string;
  /** What `npm install` gets for the CLI: a registry name@version or a tarball committed beside the project. */
  cliPackage: string;
  /** The `django-container push` arguments after the folder, one per item (the template quotes nothing else). */
  pushArgs: string[];
}

export const BUILDSPEC_FILE = 'buildspec.yml';

export function buildspecContext(repository: string, cliVersion: string): BuildspecContext {
  const problem = repositoryNameProblem(repository);
  if (problem) throw new GenerateError('invalid-option', `--buildspec: ${problem}`);
  return {
    repository,
    cliPackage: `django-container-tools@${cliVersion}`,
    // $REGION_AND_TAG values are CodeBuild variables, expanded by its shell.
    pushArgs: ['--repository', '"$ECR_REPOSITORY"', '--region', '"$AWS_REGION"', '--tag', '"$IMAGE_TAG"', '--create'],
  };
}
