export { Router } from './Router';
