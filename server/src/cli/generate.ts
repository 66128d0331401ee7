/** `django-container generate`: placeholder until its owner lands the real command. */
export async function runGenerate(args: string[]): Promise<number> {
  void args;
  process.stderr.write('django-container generate: not implemented yet\n');
  return 2;
}
