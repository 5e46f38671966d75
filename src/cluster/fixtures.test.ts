/**
 * Texts shared by the cluster tests (no tests here). The seeds come from ../shared; the other texts are written
 * for these tests.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedPath } from '../../test/support.ts';

/** The two seed articles: an English original and a machine-translated rewrite of it with extra facts. */
export function seeds(): [string, string] {
  const dir = sharedPath('seeds');
  const [a, b] = readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => readFileSync(join(dir, f), 'utf8'));
  return [a!, b!];
}

/** A light edit of a report: new headline, a typo fixed, page furniture dropped. */
export function lightlyEdited(text: string): string {
  return text
    .replace(/^[^\n]*\n/, 'Satellite images show North Korean train crossing into Russia\n')
    .replace('Video of day\n\n', '')
    .replace('38 North believs', '38 North believes')
    .replace('Follow us on Twitter, Facebook and Google News', '');
}

export const UNRELATED = `City council approves new cycle lanes for the harbour district

The city council voted 31 to 9 on Tuesday evening to build twelve kilometres of protected cycle lanes through the
harbour district, ending a two-year dispute between shop owners and cycling groups.

The plan, which will cost an estimated 14 million euros, removes about 600 parking spaces along Quay Street and
Mill Road. Councillor Maria Lindqvist, who chairs the transport committee, said construction would start in March
and finish before the summer tourist season of the following year.

Shop owners on Quay Street had collected more than 4,000 signatures against the plan, arguing that delivery vans
would have nowhere to stop. The council added loading bays every 150 metres as a compromise.

Cycling groups welcomed the vote but said the lanes should connect to the university campus, which the current
plan leaves out.`;

export const UNRELATED_TOO = `Storm floods coastal villages as rivers burst their banks

Heavy rain from Storm Elin flooded at least 40 homes in the coastal villages of Porthmoor and Kellan Bay on
Saturday, and rescue teams moved 120 residents to a school gym overnight.

The Ravel river rose 2.3 metres in six hours, the national weather office said, the fastest rise recorded there
since 1998. A red warning remained in place for the south-west until Sunday noon.

Fire crews used boats to reach elderly residents in Kellan Bay. No injuries were reported, but the coast road
between the two villages was closed after part of it collapsed.`;

/** Another report of the storm in UNRELATED_TOO, written independently: other angle, other order, new facts. */
export const STORM_FOLLOW_UP = `Engineers say Kellan Bay coast road will stay shut for weeks after Storm Elin

Engineers who inspected the collapsed coast road near Kellan Bay on Sunday said repairs would take at least five
weeks, leaving Porthmoor cut off from the bay except by a 30-minute detour inland.

"The sea wall under the road was undermined when the Ravel river burst its banks," said county engineer Tom Ashby.
Insurers estimate damage across both villages at 3 million pounds.

Families who spent Saturday night in the Porthmoor school gym began returning home. Storm Elin flooded about 40
houses, and the weather office said the Ravel rose faster than at any time since 1998.`;

/** The same villages flooded again by another storm: same places and river, a different event. */
export const ANOTHER_STORM = `Porthmoor floods again as Storm Maren hits the coast

The Ravel river burst its banks at Porthmoor on Thursday for the second time in two years, flooding about 25
homes as Storm Maren brought 90 millimetres of rain in a day.

Rescue teams moved residents of Kellan Bay to the Porthmoor school gym, as they did during Storm Elin. The weather
office kept a red warning in place for the south-west until Friday evening.`;
