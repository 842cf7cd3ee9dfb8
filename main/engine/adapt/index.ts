/** Adapting a bundle's timing head to the user's own footage (issue 22); see run.ts. */
export { prepareAdapt, runAdapt, type Prepared } from './run';
export { checkPython, pythonBin } from './python';
