import type { Command } from 'commander';
import type { CliIO } from '../io.js';
import { registerApply } from './apply.js';
import { registerBatchImport } from './batch-import.js';
import { registerForecast } from './forecast.js';
import { registerInit } from './init.js';
import { registerKeys } from './keys.js';
import { registerLedger } from './ledger.js';
import { registerPlan } from './plan.js';
import { registerRules } from './rules.js';
import { registerSwissSignSimulator } from './swisssign-simulator.js';
import { registerSwissSignUsers } from './swisssign-users.js';
import { registerValidate } from './validate.js';
import { registerWatchdog } from './watchdog.js';

/** Registers a command on the program; `setExit` records the command's exit code. */
export type Register = (program: Command, io: CliIO, setExit: (code: number) => void) => void;

/** Every command of `usesync`, one line each. */
export const commands: Register[] = [
  registerValidate,
  registerRules,
  registerInit,
  registerPlan,
  registerSwissSignSimulator,
  registerApply,
  registerKeys,
  registerLedger,
  registerWatchdog,
  registerBatchImport,
  registerSwissSignUsers,
  registerForecast,
];
