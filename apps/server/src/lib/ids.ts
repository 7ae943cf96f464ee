import { v7 } from 'uuid';

/** Record ids are UUID v7: sortable by creation time, and a client may generate them offline. */
export const newId = (): string => v7();
