package org.samtune.fiji.updatesite;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The updater's timestamps: the local wall-clock time as the number yyyyMMddHHmmss (UpdaterUtil.timestamp
 * uses the default Calendar, i.e. the default time zone). They name server files and order versions.
 */
public final class UpdaterTimestamp {

	static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("uuuuMMddHHmmss");

	private UpdaterTimestamp() {}

	public static long now(Clock clock) {
		return of(LocalDateTime.now(clock));
	}

	public static long of(LocalDateTime time) {
		return Long.parseLong(FORMAT.format(time));
	}

	public static LocalDateTime parse(long timestamp) {
		return LocalDateTime.parse(Long.toString(timestamp), FORMAT);
	}

	/** The timestamp one second later (a plain +1 would make "...59" into an invalid "...60"). */
	public static long plusOneSecond(long timestamp) {
		return of(parse(timestamp).plusSeconds(1));
	}
}
