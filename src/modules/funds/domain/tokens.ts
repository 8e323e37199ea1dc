import { createHash, randomBytes } from 'node:crypto';

/** A private link's token: 24 random bytes, URL-safe. */
export const newToken = (): string => randomBytes(24).toString('base64url');

/** What is stored of a token: its SHA-256 (hex). A leaked database does not give working links. */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');
