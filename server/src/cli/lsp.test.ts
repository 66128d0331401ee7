import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseLspArguments } from './lsp';

test('each transport is passed to the server in the form vscode-languageserver reads', () => {
  assert.deepEqual(parseLspArguments(['--stdio']), { help: false, serverArgv: ['--stdio'] });
  assert.deepEqual(parseLspArguments(['--node-ipc']), { help: false, serverArgv: ['--node-ipc'] });
  assert.deepEqual(parseLspArguments(['--socket', '5007']), { help: false, serverArgv: ['--socket=5007'] });
  assert.deepEqual(parseLspArguments(['--socket=5007']), { help: false, serverArgv: ['--socket=5007'] });
  assert.deepEqual(parseLspArguments(['--pipe=/tmp/dct.sock']), { help: false, serverArgv: ['--pipe=/tmp/dct.sock'] });
  assert.deepEqual(parseLspArguments(['--stdio', '--clientProcessId', '42']), { help: false, serverArgv: ['--stdio', '--clientProcessId=42'] });
});

test('help wins over everything else', () => {
  assert.deepEqual(parseLspArguments(['--stdio', '--help']), { help: true });
  assert.deepEqual(parseLspArguments(['-h']), { help: true });
});

test('no transport, two transports, bad values and unknown options are refused with a reason', () => {
  const errorOf = (args: string[]) => {
    const parsed = parseLspArguments(args);
    assert.ok('error' in parsed, `${args.join(' ')} is refused`);
    return parsed.error;
  };
  assert.match(errorOf([]), /choose a transport: --stdio/);
  assert.match(errorOf(['--stdio', '--socket=1']), /choose one transport, not --stdio and --socket/);
  assert.match(errorOf(['--socket']), /--socket needs a port number/);
  assert.match(errorOf(['--socket=70000']), /--socket needs a port number/);
  assert.match(errorOf(['--socket=http']), /--socket needs a port number/);
  assert.match(errorOf(['--pipe']), /--pipe needs the name/);
  assert.match(errorOf(['--stdio=yes']), /--stdio takes no value/);
  assert.match(errorOf(['--stdio', '--clientProcessId=me']), /--clientProcessId needs a process id/);
  assert.match(errorOf(['--tcp']), /unknown option '--tcp'/);
  assert.match(errorOf(['stdio']), /unknown option 'stdio'/);
});
