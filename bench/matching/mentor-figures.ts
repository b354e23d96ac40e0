import { assignMentors } from '../../src/matching/mentor-assignment';
import { greedyMentorAssignment, randomMentorAssignment } from '../../src/matching/mentor-baselines';
import { cpuTimed } from '../support/cpu-timed';
import { figure, type BenchmarkContext, type Figure } from '../support/benchmark';
import { mentorInstance } from './mentor-instance';

/** 10,000 members: 3,000 mentors (capacity 1..3) and 7,000 mentees over 30 topics, zones spread. */
const ROUND = { mentors: 3000, mentees: 7000, topics: 30, capacity: { min: 1, max: 3 }, excludedPerMentee: 0.2 };
const SEED = 2026;

/**
 * The optimal mentor assignment of 10,000 members: its run time (best of two runs, the goal is
 * ≤ 1 s), its total score against greedy and random baselines on the same round, and against the
 * optimum over every candidate pair (no pruning), which shows what keeping the best candidates costs.
 */
export async function mentorFigures(context: BenchmarkContext): Promise<Figure[]> {
  const round = mentorInstance(SEED, ROUND);
  const first = cpuTimed(() => assignMentors(round.mentors, round.mentees, round.options));
  const second = cpuTimed(() => assignMentors(round.mentors, round.mentees, round.options));
  context.progress(
    `mentor: assignMentors ran in ${first.seconds.toFixed(2)} s and ${second.seconds.toFixed(2)} s ` +
      `(CPU ${first.cpuSeconds.toFixed(2)} s and ${second.cpuSeconds.toFixed(2)} s; the machine may be shared)`,
  );
  const optimal = second.result;
  const greedy = greedyMentorAssignment(round.mentors, round.mentees, round.options);
  const random = randomMentorAssignment(round.mentors, round.mentees, round.options, SEED);
  context.progress('mentor: solving over every candidate pair for comparison (slower)');
  const full = assignMentors(round.mentors, round.mentees, { ...round.options, candidatesPerCapacity: Infinity });
  return [
    figure('mentor_seconds', Math.min(first.seconds, second.seconds)),
    figure('mentor_seconds_first_run', first.seconds),
    figure('mentor_cpu_seconds', Math.min(first.cpuSeconds, second.cpuSeconds)),
    figure('mentor_quality_vs_greedy', optimal.totalScore / greedy.totalScore, 4),
    figure('mentor_quality_vs_random', optimal.totalScore / random.totalScore, 4),
    figure('mentor_quality_vs_full_graph', optimal.totalScore / full.totalScore, 6),
    figure('mentor_matched', optimal.matches.length, 0),
    figure('mentor_matched_greedy', greedy.matches.length, 0),
    figure('mentor_matched_random', random.matches.length, 0),
    figure('mentor_unmatched_capacity', optimal.unmatched.filter((u) => u.why === 'capacity').length, 0),
    figure('mentor_unmatched_no_candidate', optimal.unmatched.filter((u) => u.why === 'no-candidate').length, 0),
  ];
}
