import { defineConfig } from 'vitest/config';
import { projects } from './vitest.workspace.ts';

export default defineConfig({
  test: {
    projects,
    // Two cores: keep heavy crypto and server tests from starving each other.
    maxWorkers: 2,
  },
});
