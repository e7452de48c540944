package grassroots.warehouse.cli;

import picocli.CommandLine;

/** A year or an inclusive range of years on the command line: {@code 2020} or {@code 2016-2020}. */
public record YearRange(int from, int to) {

    public static final class Converter implements CommandLine.ITypeConverter<YearRange> {
        @Override
        public YearRange convert(String value) {
            String[] parts = value.strip().split("\\s*[-–]\\s*");
            try {
                int from = Integer.parseInt(parts[0]);
                int to = parts.length > 1 ? Integer.parseInt(parts[1]) : from;
                if (parts.length > 2 || from > to || from < 2000 || to > 2100) throw new NumberFormatException();
                return new YearRange(from, to);
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a year range like 2016-2020");
            }
        }
    }
}
