import { PollSchedule } from '@statecraft/process-orchestration';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { AccountFactory, AccountFactoryProps, CreationSlots } from '../src';
import { accountFactoryProps, checkTimes } from './scenarios';

describe('the default creation schedule (PollSchedule.geometricCheckTimes())', () => {
  test('defaults: first check at 144 s, each check at most 1.2x the previous time, intervals capped at 5 minutes, 2 hours covered', () => {
    const schedule = PollSchedule.geometricCheckTimes();
    const times = checkTimes(schedule);
    expect(times.slice(0, 6)).toEqual([144, 172, 206, 247, 296, 355]);
    for (let i = 1; i < times.length; i++) {
      expect(times[i]).toBeLessThanOrEqual(Math.max(times[i - 1] * 1.2, times[i - 1] + 1));
      expect(times[i] - times[i - 1]).toBeLessThanOrEqual(300);
    }
    expect(times[times.length - 1]).toBeGreaterThanOrEqual(7200);
    expect(schedule.delaysSeconds().length).toBe(times.length);
  });

  test('any creation from 2 minutes to 2 hours is noticed within 20%', () => {
    const times = checkTimes(PollSchedule.geometricCheckTimes());
    for (let creation = 120; creation <= 7200; creation++) {
      const noticed = times.find((t) => t >= creation)!;
      expect((noticed - creation) / creation).toBeLessThanOrEqual(0.2);
    }
  });

  test('bad settings are refused at synth time, naming the construct, the prop and what is valid', () => {
    const factory = (props: Partial<AccountFactoryProps>) => () => new AccountFactory(new Stack(new App(), 'S'), 'Factory', accountFactoryProps(props));
    expect(factory({ creationPollSchedule: PollSchedule.geometricCheckTimes({ growth: 1 }) }))
      .toThrow(/Invalid props for S\/Factory[\s\S]*creationPollSchedule.growth: 1 must be greater than 1 and at most 4/);
    expect(factory({ creationPollSchedule: PollSchedule.geometricCheckTimes({ firstCheck: Duration.hours(1), timeout: Duration.minutes(5) }) }))
      .toThrow(/creationPollSchedule: the deadline \(300s\) must be at least the first wait \(3600s\)/);
  });
});

describe('CreationSlots', () => {
  test('defaults: 5 slots, 10 s between tries for 12 hours, a bulk schedule at most 10% late after 4 minutes', () => {
    const slots = CreationSlots.of();
    expect(slots.slots).toBe(5);
    expect(slots.maxAttempts).toBe(4320);
    const times = checkTimes(slots.pollSchedule);
    expect(times[0]).toBe(240);
    for (let creation = 240; creation <= 7000; creation++) {
      const noticed = times.find((t) => t >= creation)!;
      expect((noticed - creation) / creation).toBeLessThanOrEqual(0.1);
    }
  });

  test('more than 5 slots, or a bad schedule of theirs, is refused at synth time (Organizations allows 5 creations in progress)', () => {
    const factory = (creationSlots: CreationSlots) => () => new AccountFactory(new Stack(new App(), 'S'), 'Factory', accountFactoryProps({ creationSlots }));
    expect(factory(CreationSlots.of({ slots: 6 }))).toThrow(/creationSlots.slots: must be an integer from 1 to 5/);
    expect(factory(CreationSlots.of({ pollSchedule: PollSchedule.geometricCheckTimes({ growth: 5 }) }))).toThrow(/creationSlots.pollSchedule.growth: 5 must be greater than 1/);
  });
});
