import { formatDuration, renderTable } from '../src/demo/table';
import { replaceBetweenMarkers } from '../src/demo/update-readme-diagrams';

test('durations print as days, hours, minutes and seconds', () => {
  expect(formatDuration(0)).toBe('0s');
  expect(formatDuration(3725)).toBe('1h 2m 5s');
  expect(formatDuration(90061)).toBe('1d 1h 1m 1s');
});

test('the table flags a scenario that ended unexpectedly', () => {
  const table = renderTable([{
    workflow: 'w',
    packageName: 'p',
    scenario: 's',
    description: '',
    status: 'FAILED',
    error: 'Statecraft.X',
    expected: { status: 'SUCCEEDED' },
    asExpected: false,
    statesVisited: 3,
    path: [],
    stateTransitions: 4,
    lambdaInvocations: 0,
    taskInvocations: {},
    virtualElapsedSeconds: 61,
    costPer1000ExecutionsUsd: 0.1,
  }]);
  expect(table).toContain('FAILED Statecraft.X');
  expect(table).toContain('UNEXPECTED (wanted SUCCEEDED)');
  expect(table).toContain('1m 1s');
});

test('README markers are replaced, and missing markers are reported', () => {
  const text = 'a\n<!-- generated:diagram:x start -->\nold\n<!-- generated:diagram:x end -->\nb';
  expect(replaceBetweenMarkers(text, 'generated:diagram:x', 'new')).toBe('a\n<!-- generated:diagram:x start -->\nnew\n<!-- generated:diagram:x end -->\nb');
  expect(replaceBetweenMarkers('no markers', 'generated:diagram:x', 'new')).toBeUndefined();
});
