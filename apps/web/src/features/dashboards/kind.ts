/** Which dashboard a user sees is the access policy's call. */
export { dashboardFor } from '@hamkor/domain';
