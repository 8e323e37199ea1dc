import { detectType, imageSize, isImageType, tooManyPixels } from '../../../platform/files/index.ts';
import type { PhotoType } from '../db/schema.ts';

/** Largest photo accepted, in bytes (5 MB). */
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;

export interface ImageInfo {
  type: PhotoType;
  /** Pixel size as the browser shows it (EXIF rotation of JPEGs applied). */
  width: number;
  height: number;
}

export type ImageProblem = 'empty' | 'tooLarge' | 'notAnImage' | 'unreadable' | 'tooManyPixels';

/** The type from the first bytes only — never from the file name or the browser's claim. */
export function sniffImageType(b: Uint8Array): PhotoType | null {
  const type = detectType(b);
  return isImageType(type) ? type : null;
}

/**
 * Checks an uploaded picture: JPEG, PNG or WebP by its bytes, at most 5 MB, with a readable size
 * within the platform's pixel limits (src/platform/files/dimensions.ts).
 */
export function inspectImage(b: Uint8Array): ImageInfo | { problem: ImageProblem } {
  if (b.length === 0) return { problem: 'empty' };
  if (b.length > MAX_PHOTO_BYTES) return { problem: 'tooLarge' };
  const type = sniffImageType(b);
  if (!type) return { problem: 'notAnImage' };
  const size = imageSize(b, type);
  if (!size) return { problem: 'unreadable' };
  if (tooManyPixels(size)) return { problem: 'tooManyPixels' };
  return { type, width: size.width, height: size.height };
}
