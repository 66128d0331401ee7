/**
 * Completions: FROM images (official python tags, the ECR Public mirror, the user's ECR images from the
 * cache), WSGI/ASGI application paths after an app server, settings modules after
 * DJANGO_SETTINGS_MODULE= / --settings=, stage names after --from=, and manage.py subcommands.
 * Never waits for AWS: ECR entries come from the catalog's snapshot.
 */
import { CompletionItemKind, MarkupKind, type CompletionItem, type CompletionList, type Position, type Range } from 'vscode-languageserver-types';
import { officialPythonTags, osSuite, PYTHON_ECR_PUBLIC_MIRROR, type PythonTag } from '../data/python';
import type { EcrCatalog } from '../ecr/catalog';
import type { FeatureContext } from './context';
import { cursorContext, type CursorContext } from './cursor';
import { MANAGE_COMMANDS } from './django-commands';
import { formatBytes } from './format';
import { appModules, settingsModules } from './python-modules';

export const COMPLETION_TRIGGER_CHARACTERS = [' ', '=', '"', ':', '/'];

const APP_SERVER = /\b(gunicorn|uvicorn|daphne|hypercorn|granian)\b/;
/** App-server options that take a value: the word after them is not the application. */
const OPTION_WITH_VALUE = /^(-[bwkcte]|--(bind|workers|worker-class|config|chdir|host|port|timeout|log-level|env|threads|name|root-path|access-logfile|error-logfile|pythonpath|uds|fd|app-dir|env-file))$/;

export function completionsAt(context: FeatureContext, position: Position): CompletionList {
  const cursor = cursorContext(context.document, context.dockerfile, position);
  const range = cursor.typed.range;
  const empty: CompletionList = { isIncomplete: false, items: [] };

  const fromFlag = /(?:^|[\s,])(?:--from|from)=[^\s,]*$/.exec(cursor.before);
  if (fromFlag) return { isIncomplete: false, items: stageItems(context, cursor, range) };

  if (/(DJANGO_SETTINGS_MODULE(=|\s+)|--settings(=|\s+))["']?[\w.]*$/.test(cursor.before)) {
    return { isIncomplete: false, items: settingsItems(context, range) };
  }

  if (cursor.keyword === 'FROM' && isImagePosition(cursor)) return imageItems(context, range);

  if (!['CMD', 'ENTRYPOINT', 'RUN'].includes(cursor.keyword)) return empty;
  const previous = previousToken(cursor);
  if (/(^|\/)manage\.py$|^django-admin$/.test(previous)) return { isIncomplete: false, items: manageItems(range, isExecForm(cursor)) };
  if (APP_SERVER.test(cursor.before) && !cursor.typed.text.startsWith('-') && !OPTION_WITH_VALUE.test(previous)) {
    return { isIncomplete: false, items: applicationItems(context, cursor, range) };
  }
  return empty;
}

/** The image is the first argument of FROM that is not a --flag. */
function isImagePosition(cursor: CursorContext): boolean {
  const head = cursor.before.slice(0, cursor.before.length - cursor.typed.text.length);
  if (!/^\s*\S+\s/.test(head)) return false; // still typing the keyword itself
  const words = head.trim().split(/\s+/).slice(1);
  return words.every((word) => word.startsWith('--')) && !cursor.typed.text.startsWith('--');
}

function previousToken(cursor: CursorContext): string {
  const head = cursor.before.slice(0, cursor.before.length - cursor.typed.text.length);
  const tokens = head.split(/[\s"',[\]\\]+/).filter(Boolean);
  return tokens[tokens.length - 1] ?? '';
}

function imageItems(context: FeatureContext, range: Range): CompletionList {
  const tags = officialPythonTags({ at: context.now });
  const items: CompletionItem[] = [];
  tags.forEach((tag, index) => {
    items.push(imageItem(`python:${tag.tag}`, pythonDetail(tag), range, `1${pad(index)}`, tag.recommended));
    items.push(imageItem(`${PYTHON_ECR_PUBLIC_MIRROR}:${tag.tag}`, `${pythonDetail(tag)} · ECR Public mirror of the official image`, range, `2${pad(index)}`, false));
  });
  const ecr = ecrImageItems(context.ecr, range);
  items.push(...ecr.items);
  return { isIncomplete: ecr.loading, items };
}

function pythonDetail(tag: PythonTag): string {
  const suite = osSuite(tag.suite ?? '');
  const status = tag.status === 'security' ? ' · security fixes only' : tag.status === 'prerelease' ? ' · pre-release' : '';
  return `Python ${tag.version} · ${tag.variant} · ${suite ? `${suite.label} (${suite.name})` : tag.suite} · EOL ${tag.eolDate}${status}`;
}

function imageItem(label: string, detail: string, range: Range, sortText: string, preselect: boolean): CompletionItem {
  return { label, kind: CompletionItemKind.Reference, detail, sortText, filterText: label, textEdit: { range, newText: label }, ...(preselect ? { preselect } : {}) };
}

/** The user's ECR images (newest first per repository), from the cache only. */
function ecrImageItems(catalog: EcrCatalog | null, range: Range): { items: CompletionItem[]; loading: boolean } {
  if (!catalog) return { items: [], loading: false };
  const snapshot = catalog.snapshot();
  const items: CompletionItem[] = [];
  for (const repository of snapshot.repositories) {
    const images = snapshot.images.get(repository.name) ?? [];
    images.forEach((image, index) => {
      for (const tag of image.tags) {
        const label = `${repository.uri}:${tag}`;
        const pushed = image.pushedAt ? ` · pushed ${image.pushedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC` : '';
        const size = image.sizeBytes !== undefined ? ` · ${formatBytes(image.sizeBytes)}` : '';
        items.push({
          label,
          kind: CompletionItemKind.Module,
          detail: `ECR ${repository.name}${pushed}${size}`,
          documentation: { kind: MarkupKind.Markdown, value: `Digest \`${image.digest}\`` },
          sortText: `0${repository.name}\u0000${pad(index)}`,
          filterText: label,
          textEdit: { range, newText: label },
        });
      }
    });
  }
  return { items, loading: snapshot.loadedAt === undefined && snapshot.error === undefined };
}

function stageItems(context: FeatureContext, cursor: CursorContext, range: Range): CompletionItem[] {
  const current = cursor.stage?.index ?? context.dockerfile.stages.length;
  return context.dockerfile.stages
    .filter((stage) => stage.index < current && stage.name)
    .map((stage) => ({
      label: stage.name as string,
      kind: CompletionItemKind.Reference,
      detail: `stage ${stage.index} · FROM ${stage.baseImage}`,
      sortText: pad(current - stage.index),
      textEdit: { range, newText: stage.name as string },
    }));
}

function settingsItems(context: FeatureContext, range: Range): CompletionItem[] {
  return settingsModules(context.workspace).map((module, index) => ({
    label: module,
    kind: CompletionItemKind.Module,
    detail: index === 0 && context.workspace?.project?.settingsModule === module ? 'settings module (detected for production)' : 'settings module',
    sortText: pad(index),
    textEdit: { range, newText: module },
  }));
}

function applicationItems(context: FeatureContext, cursor: CursorContext, range: Range): CompletionItem[] {
  const asgiServer = /\b(uvicorn|daphne|hypercorn)\b/.test(cursor.before);
  return appModules(context.workspace)
    .map((app) => ({ app, rank: (app.kind === 'asgi') === asgiServer ? 0 : 1 }))
    .sort((a, b) => a.rank - b.rank)
    .map(({ app }, index) => {
      const label = `${app.module}:${app.attribute}`;
      return {
        label,
        kind: CompletionItemKind.Module,
        detail: `${app.kind.toUpperCase()} application · ${app.file}`,
        sortText: pad(index),
        filterText: label,
        textEdit: { range, newText: label },
      };
    });
}

/** In exec form (JSON array) each option is its own string, so only the subcommand is inserted. */
function manageItems(range: Range, execForm: boolean): CompletionItem[] {
  return MANAGE_COMMANDS.map((command, index) => ({
    label: command.name,
    kind: CompletionItemKind.Function,
    detail: 'manage.py',
    documentation: command.doc,
    sortText: pad(index),
    filterText: command.name,
    textEdit: { range, newText: execForm ? command.name.split(' ')[0] : command.name },
  }));
}

function isExecForm(cursor: CursorContext): boolean {
  return /^\s*[A-Za-z]+\s+(--\S+\s+)*\[/.test(cursor.before);
}

function pad(n: number): string {
  return String(n).padStart(4, '0');
}
