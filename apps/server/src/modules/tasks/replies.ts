import { schemas } from '@hamkor/domain';

/** The reply schema is the domain's, so the web reads the same shape. */
export const taskOut = schemas.taskOut;
