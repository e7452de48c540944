package grassroots.sample;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the sample knows of a province (see {@code grassroots/sample/provinces.yaml}). */
public record ProvinceProfile(String code, double population, double urbanisation, double gdpPerCapita,
                              int electionRound, Map<String, Map<Integer, Double>> anchors, Integer gridCompleteFrom) {

    public ProvinceProfile {
        anchors = anchors == null ? Map.of() : anchors;
    }

    /** A published figure this province's sample must reproduce, if any. */
    public Double anchor(String indicator, int year) {
        Map<Integer, Double> byYear = anchors.get(indicator);
        return byYear == null ? null : byYear.get(year);
    }

    public static Map<String, ProvinceProfile> load() {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        try (InputStream in = ProvinceProfile.class.getResourceAsStream("/grassroots/sample/provinces.yaml")) {
            Map<String, ProvinceProfile> out = new LinkedHashMap<>();
            for (ProvinceProfile p : yaml.readValue(in, new TypeReference<List<ProvinceProfile>>() {})) out.put(p.code(), p);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read grassroots/sample/provinces.yaml", e);
        }
    }
}
