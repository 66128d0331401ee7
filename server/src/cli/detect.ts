/** `django-container detect`: placeholder until its owner lands the real command. */
export async function runDetect(args: string[]): Promise<number> {
  void args;
  process.stderr.write('django-container detect: not implemented yet\n');
  return 2;
}
