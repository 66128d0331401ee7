/**
 * Entry point the extension host loads (extensionTestsPath): a mocha bdd run over every
 * `*.test.js` next to this file (out/test/integration/suite/**). Add integration tests by adding files here.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

const only = process.env.DCT_TEST_ONLY && !['true', '1'].includes(process.env.CI ?? '') ? new RegExp(process.env.DCT_TEST_ONLY) : null;

export function run(): Promise<void> {
  // color: false keeps "N passing"/"N failing" plain, so scripts/test.mjs can count them.
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: 60_000 });
  const files = (fs.readdirSync(__dirname, { recursive: true }) as string[])
    .filter((file) => file.endsWith('.test.js'))
    // scripts/test.mjs's DCT_TEST_ONLY reaches the extension host through the environment (never under CI).
    .filter((file) => !only || only.test(path.join('test', 'integration', 'suite', file)))
    .sort();
  for (const file of files) mocha.addFile(path.join(__dirname, file));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} integration test(s) failed`)) : resolve()));
  });
}
