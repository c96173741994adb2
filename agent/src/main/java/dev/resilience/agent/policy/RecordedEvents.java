package dev.resilience.agent.policy;

import java.util.List;
import java.util.NoSuchElementException;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.parser.Parser;

/**
 * Events already parsed, handed to the composer again. {@link SafeYaml} parses the text once to
 * check its limits before any tree exists; composing from the recorded events instead of scanning
 * the text a second time keeps that second scan off the agent's start (issue 8). Behaves like
 * snakeyaml-engine's {@code ParserImpl} at the end of the events: peeking or taking one more
 * throws {@link NoSuchElementException}. Not thread-safe; one use.
 */
final class RecordedEvents implements Parser {
    private final List<Event> events;
    private int next;

    RecordedEvents(List<Event> events) {
        this.events = events;
    }

    @Override
    public boolean checkEvent(Event.ID choice) {
        return peekEvent().getEventId() == choice;
    }

    @Override
    public Event peekEvent() {
        if (next >= events.size()) {
            throw new NoSuchElementException("No more Events found.");
        }
        return events.get(next);
    }

    @Override
    public boolean hasNext() {
        return next < events.size();
    }

    @Override
    public Event next() {
        Event event = peekEvent();
        next++;
        return event;
    }
}
