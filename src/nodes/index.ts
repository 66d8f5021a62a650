/** The layer catalogue's public surface. No tfjs, no React. */
export * from './define';
export * from './registry';
export * from './schema';
export * from './shape';
