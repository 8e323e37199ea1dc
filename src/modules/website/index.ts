// Public surface of the website module (CAL-5, CAL-7): the area website with news, pages and the
// welcome guide. Other modules import only from here.

export { websiteManifest } from './manifest.ts';
export { seedDemoWebsite } from './seed-demo.ts';
export { postImageHref } from './ui/public.tsx';
export {
  CONTENT_LANGS,
  contentAreaChoices,
  createPage,
  createPost,
  deletePage,
  deletePost,
  deleteText,
  getPageForStaff,
  getPostForStaff,
  listPagesForStaff,
  listPostsForStaff,
  mayPlaceContent,
  type Picked,
  type PostWithTexts,
  pickText,
  publishedPosts,
  setPagePublished,
  setPostStatus,
  TOPICS,
  type Topic,
  updatePage,
  updatePost,
} from './use-cases/content.ts';
