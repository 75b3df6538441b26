export * from './names';
export * from './patterns';
export * from './parameters';
export * from './links';
