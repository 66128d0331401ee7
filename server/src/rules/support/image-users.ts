/**
 * Which users a base image ships and whether it already runs as non-root, for the USER rules.
 * Only images we know are answered; anything else is "unknown" so rules stay quiet rather than guess.
 */
import { pythonImageInfo, splitImageReference } from '../../data/python';

const DEBIAN_USERS = ['root', 'daemon', 'bin', 'sys', 'sync', 'games', 'man', 'lp', 'mail', 'news', 'uucp', 'proxy', 'www-data', 'backup', 'list', 'irc', 'gnats', 'nobody', '_apt'];
const ALPINE_USERS = ['root', 'bin', 'daemon', 'adm', 'lp', 'sync', 'shutdown', 'halt', 'mail', 'news', 'uucp', 'operator', 'man', 'postmaster', 'cron', 'ftp', 'sshd', 'at', 'squid', 'xfs', 'games', 'cyrus', 'vpopmail', 'ntp', 'smmsp', 'guest', 'nobody'];

/** Repository name without registry and library/ prefix: "python", "debian", "distroless/python3-debian12". */
function shortName(image: string): string {
  const { repository } = splitImageReference(image);
  return repository
    .toLowerCase()
    .replace(/^(docker\.io|index\.docker\.io|public\.ecr\.aws\/docker)\//, '')
    .replace(/^library\//, '');
}

/** Users present in the image's /etc/passwd, or null when we do not know the image. */
export function knownImageUsers(image: string): ReadonlySet<string> | null {
  const name = shortName(image);
  const { tag } = splitImageReference(image);
  const info = pythonImageInfo(image);
  const alpine = info ? info.variant === 'alpine' : name === 'alpine' || /alpine/.test(tag ?? '');
  if (info || name === 'debian' || name === 'ubuntu' || name === 'alpine') {
    const users = new Set(alpine ? ALPINE_USERS : DEBIAN_USERS);
    // Ubuntu 23.04+ images ship a default "ubuntu" user.
    if (name === 'ubuntu') users.add('ubuntu');
    return users;
  }
  if (isNonRootImage(image)) return new Set(['root', 'nonroot', 'nobody']);
  return null;
}

/** Images whose default user is already non-root: distroless :nonroot, Chainguard and Docker Hardened runtime images. */
export function isNonRootImage(image: string): boolean {
  const { repository, tag } = splitImageReference(image);
  const repo = repository.toLowerCase();
  const t = (tag ?? 'latest').toLowerCase();
  if (repo.startsWith('gcr.io/distroless/')) return /(^|-)nonroot$/.test(t);
  if (repo.startsWith('cgr.dev/chainguard/')) return !/-dev$|^latest-dev$/.test(t);
  if (repo.startsWith('dhi.io/')) return !/(^|-)dev($|-)/.test(t);
  return false;
}
