export { adminManifest } from './manifest.ts';
