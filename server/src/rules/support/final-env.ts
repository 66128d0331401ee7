/** ENV entries of the final image (the last stage's chain) and whether that stage is a development image. */
import { chainInstructions, hasVariable, propertiesOf, type EnvEntry } from '../../dockerfile/commands';
import type { DockerfileModel } from '../../dockerfile/model';

const DEVELOPMENT_STAGE = /(^|[-_])(dev|devel|develop|development|local|debug|test|tests|testing|ci)($|[-_])/;

/** True when the final stage is named as a development/test image (`AS dev`, `AS local`…). */
export function finalStageIsDevelopment(model: DockerfileModel): boolean {
  const name = model.finalStage?.name;
  return Boolean(name && DEVELOPMENT_STAGE.test(name));
}

/** Literal ENV values (no `$` reference) of the final image whose name matches. */
export function finalImageEnv(model: DockerfileModel, name: RegExp): EnvEntry[] {
  const stage = model.finalStage;
  if (!stage) return [];
  return chainInstructions(model, stage)
    .filter((instruction) => instruction.getKeyword() === 'ENV')
    .flatMap(propertiesOf)
    .filter((entry) => name.test(entry.name) && entry.valueRange !== null && !hasVariable(entry.raw));
}
