import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';
import { pinClock, pinZone, TEST_NOW } from './__testUtils__/clock';

// Every test starts at the same instant in the same zone, whatever the hour
// and zone of the machine; a test that cares about a particular moment
// (just before midnight, a DST change) pins its own with pinClock. The zone
// is pinned here too for times a test file builds when it loads.
pinZone();

beforeEach(() => {
  pinClock(TEST_NOW);
});

afterEach(() => {
  jest.useRealTimers();
  pinZone();
});

// Rendering MUI pages in jsdom is CPU-bound: on a 2-core machine busy with
// other work a render that takes 1 s alone takes ten or more (the first
// render of the whole app took 15 s at a load average of 24). The budgets
// below only bound how long a wait for a condition may last before it
// fails; no test asserts how fast something happens.
jest.setTimeout(120_000);
configure({ asyncUtilTimeout: 30_000 });
