/** Level codes and their dictionary keys (5 = 非常满意 … 1 = 非常不满意). */
export const LEVELS = [5, 4, 3, 2, 1] as const;
export type Level = (typeof LEVELS)[number];
export const levelKey = (l: number) => `evaluation.levels.${String(l) as `${Level}`}` as const;
