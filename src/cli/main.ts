#!/usr/bin/env node
import { readFileSync } from 'fs';
import { join } from 'path';
import { run } from './cli';

// A reader that stops early (`| head`) closes the pipe: end quietly with the audit's exit code, no stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

const version: string = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf-8')).version;
process.exitCode = run(process.argv.slice(2), {
  stdout: text => process.stdout.write(text),
  stderr: text => process.stderr.write(text),
  // Bytes, not text: the reader decodes UTF-8 or UTF-16 (with a byte-order mark) as Kubernetes does.
  readStdin: () => readFileSync(0),
}, version);
