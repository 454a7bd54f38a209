import { updateReadmeDiagrams } from '../src/demo/update-readme-diagrams';

// The README diagrams are drawn from the example app's synthesized definitions, never by hand: a change to a workflow
// that leaves a README picture stale fails here until `npm run diagrams` redraws it.
test('every README diagram matches the definition the example app synthesizes today', () => {
  expect(updateReadmeDiagrams({ write: false })).toEqual([]);
});
