#!/usr/bin/env node
import { runWorkerCli } from '../dist/cli.js';

process.exitCode = await runWorkerCli(process.argv.slice(2));
