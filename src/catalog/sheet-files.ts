/** The spreadsheet reader and writer moved to core (every register imports files now); kept for the catalog's imports. */
export * from '../core/sheet-files.js';
