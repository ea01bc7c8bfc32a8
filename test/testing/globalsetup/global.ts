// In a project: export { vitestGlobalSetup as default } from 'respite/testing';
export { vitestGlobalSetup as default } from '../../../server/testing/index.js';
