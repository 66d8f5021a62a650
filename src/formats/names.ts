/** A model's file-name stem and Python identifier: its name with anything unsafe replaced. */
export const modelName = (name: string): string => name.trim().replace(/[^A-Za-z0-9_.-]+/g, '_') || 'model';
