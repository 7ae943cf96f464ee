import { schemas } from '@hamkor/domain';

/** The reply schemas are the domain's, so the web reads the same shapes. */
export const notificationOut = schemas.notificationOut;
export const notificationsOut = schemas.notificationsOut;
