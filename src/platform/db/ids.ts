import { uuidv7 } from 'uuidv7';

/** IDs are UUIDv7 made in the app: time-ordered, so inserts stay index-friendly. */
export const newId = (): string => uuidv7();

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string | undefined | null): s is string => !!s && UUID.test(s);
