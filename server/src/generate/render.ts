/** Template context -> files: Handlebars templates from the user's folder, each falling back to the built-in one. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Handlebars from 'handlebars';
import type { DjangoProject } from '../project/types';
import { builtinTemplatesDir } from '../util/paths';
import { buildTemplateContext, type TemplateContext } from './context';
import { GenerateError, type GenerateOptions } from './options';

export interface GeneratedFile {
  /** Relative to the project root, forward slashes. */
  path: string;
  content: string;
  /** Merged into the existing file (its other content kept), so overwriting it needs no --force. */
  merged?: boolean;
}

/** Output file -> template file, both relative (templates relative to a templates folder). */
const OUTPUTS: { path: string; template: string; when: (context: TemplateContext) => boolean }[] = [
  { path: 'Dockerfile', template: 'Dockerfile.hbs', when: () => true },
  { path: '.dockerignore', template: 'dockerignore.hbs', when: () => true },
  { path: 'compose.yaml', template: 'compose.yaml.hbs', when: (context) => context.compose !== null },
  { path: 'buildspec.yml', template: 'buildspec.yml.hbs', when: (context) => context.buildspec !== null },
  { path: 'compose.debug.yaml', template: 'compose.debug.yaml.hbs', when: (context) => context.devLoop !== null },
];
const PARTIALS_DIR = 'partials';

export function renderProjectFiles(project: DjangoProject, options: GenerateOptions = {}): GeneratedFile[] {
  return renderContext(buildTemplateContext(project, options), options.templatesDir);
}

export function renderContext(context: TemplateContext, templatesDir?: string): GeneratedFile[] {
  const templates = new TemplateSource(templatesDir);
  const handlebars = Handlebars.create();
  handlebars.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  handlebars.registerHelper('ne', (a: unknown, b: unknown) => a !== b);
  for (const name of templates.partialNames()) handlebars.registerPartial(name, templates.read(handlebars, `${PARTIALS_DIR}/${name}.hbs`));
  return OUTPUTS.filter((output) => output.when(context)).map((output) => {
    const template = handlebars.compile(templates.read(handlebars, output.template), { noEscape: true, strict: true });
    try {
      return { path: output.path, content: tidy(template(context)) };
    } catch (error) {
      throw new GenerateError('template', `${templates.locate(output.template)} (or a partial it uses): ${(error as Error).message}`);
    }
  });
}

/** Reads a template from the user's folder when it has it, else the built-in one. */
class TemplateSource {
  private readonly dirs: string[];

  constructor(userDir?: string) {
    if (userDir !== undefined && !fs.statSync(userDir, { throwIfNoEntry: false })?.isDirectory()) {
      throw new Error(`Templates folder not found: ${userDir}`);
    }
    this.dirs = [...(userDir ? [userDir] : []), builtinTemplatesDir()];
  }

  /** The file a template comes from: the user's copy when there is one. */
  locate(relative: string): string {
    for (const dir of this.dirs) {
      const file = path.join(dir, relative);
      if (fs.existsSync(file)) return file;
    }
    throw new Error(`Template ${relative} not found in ${this.dirs.join(' or ')}`);
  }

  /** The template's text, parsed once here so a syntax error names its file instead of surfacing later from inside Handlebars. */
  read(handlebars: typeof Handlebars, relative: string): string {
    const file = this.locate(relative);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (error) {
      throw new GenerateError('template', `cannot read template ${file}: ${(error as Error).message}`);
    }
    try {
      handlebars.parse(text);
      return text;
    } catch (error) {
      throw new GenerateError('template', `template ${file} has a syntax error: ${(error as Error).message}`);
    }
  }

  partialNames(): string[] {
    const names = new Set<string>();
    for (const dir of this.dirs) {
      const partials = path.join(dir, PARTIALS_DIR);
      if (!fs.existsSync(partials)) continue;
      for (const file of fs.readdirSync(partials)) if (file.endsWith('.hbs')) names.add(file.slice(0, -'.hbs'.length));
    }
    return [...names].sort();
  }
}

/** At most one blank line in a row, no trailing spaces, exactly one final newline. */
function tidy(text: string): string {
  return `${text.replace(/[ \t]+$/gm, '').replace(/\n{3,}/g, '\n\n').trim()}\n`;
}
