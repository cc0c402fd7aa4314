#!/usr/bin/env node
import { readFileSync } from 'fs';
import { join } from 'path';
import { run } from './cli';

const version: string = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf-8')).version;
process.exitCode = run(process.argv.slice(2), {
  stdout: text => process.stdout.write(text),
  stderr: text => process.stderr.write(text),
  readStdin: () => readFileSync(0, 'utf-8'),
}, version);
