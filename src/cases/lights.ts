/** Traffic lights of a case's stage clock: the kit's lights (src/workflow/lights.ts). */
export * from '../workflow/lights.js';
