// Clauses that no test can keep because only an organisational measure keeps them. Keep this list short and honest:
// a clause with any technical part belongs to the tests, not here.
export const ORGANISATIONAL: Readonly<Record<string, string>> = {
  'PP-2.2': 'Confidentiality agreements with recipients are contracts signed by the controller, not system behaviour.',
  'PP-3.2': 'The 30-day advance notice of a service end is an operator announcement; deletion afterwards is PP-4.6/LAW-6 work.',
  'PP-4.6': 'Deciding to stop operations and publishing the notice is an operator act; the deletion it triggers is tested under LAW-6.',
};
