// Types of imports.mjs, for test/architecture.test.ts.
export const ROOT: string;
export const SRC: string;
export const CORE_FOLDERS: string[];
export const CORE_ENTRY: string;
export function codeLines(text: string): number;
export function sourceFiles(dir?: string): string[];
export function importsOf(file: string): { files: string[]; external: string[] };
export function importGraph(): Map<string, string[]>;
export function closure(graph: Map<string, string[]>, start?: string): string[];
export function cycles(graph: Map<string, string[]>): string[][];
