/** `django-container lint`: placeholder until its owner lands the real command. */
export async function runLint(args: string[]): Promise<number> {
  void args;
  process.stderr.write('django-container lint: not implemented yet\n');
  return 2;
}
