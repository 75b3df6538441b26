import { Route, Routes } from 'react-router-dom';
import { SandboxesPage } from '../SandboxesPage';
import { SandboxPage } from '../SandboxPage';

/** The pages under /sandboxes. */
export function Router() {
  return (
    <Routes>
      <Route path="/" element={<SandboxesPage />} />
      <Route path="/:name" element={<SandboxPage />} />
    </Routes>
  );
}
