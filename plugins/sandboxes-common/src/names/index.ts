export * from './sandboxNamespace';
