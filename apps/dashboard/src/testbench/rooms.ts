import { send, type BenchSocket } from './socket';
import { useBench } from './store';

export type Room = 'tasks' | 'activity' | 'sessions';

/** Rooms asked for, joined again after a reconnect. */
const wanted = new Set<Room>();

const join = (room: Room) => send(`subscribe_${room}`);

export function joinRoom(room: Room): void {
  wanted.add(room);
  join(room);
}

export function leaveRoom(room: Room): void {
  wanted.delete(room);
  send(`unsubscribe_${room}`);
}

export function replayRooms(): void {
  for (const room of wanted) join(room);
}

export function attachRooms(s: BenchSocket): void {
  s.on('room', ({ room, joined }) => useBench.setState((st) => ({ rooms: { ...st.rooms, [room]: joined } })));
  s.on('disconnect', () => useBench.setState({ rooms: { tasks: false, activity: false, sessions: false } }));
}
