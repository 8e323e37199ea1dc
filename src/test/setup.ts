// Runs in every test worker before each test file (vitest `setupFiles`).
import { setPasswordCostForTest } from '../modules/identity/index.ts';

// New password hashes at a test cost (2^10 instead of 2^15): the suite signs in hundreds of times.
// Checking reads the cost stored with each hash, so it runs the same code as in production.
setPasswordCostForTest(1024);
