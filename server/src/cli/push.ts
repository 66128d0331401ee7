/** `django-container push`: placeholder until its owner lands the real command. */
export async function runPush(args: string[]): Promise<number> {
  void args;
  process.stderr.write('django-container push: not implemented yet\n');
  return 2;
}
