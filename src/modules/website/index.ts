// Public surface of the website module (CAL-5, CAL-7): the area website with news, pages and the
// welcome guide. Other modules import only from here.

export { websiteManifest } from './manifest.ts';
export { seedDemoWebsite } from './seed-demo.ts';
export { postImageHref } from './ui/public.tsx';
export {
  CONTENT_LANGS,
  type Picked,
  type PostWithTexts,
  pickText,
  publishedPosts,
  TOPICS,
  type Topic,
} from './use-cases/content.ts';
