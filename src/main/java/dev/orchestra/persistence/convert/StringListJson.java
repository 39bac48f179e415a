package dev.orchestra.persistence.convert;

import com.fasterxml.jackson.core.type.TypeReference;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.ArrayList;
import java.util.List;

/**
 * A JSONB array of strings (tags, slot lists) as a Java list. The column is read and written as text (see
 * {@link JsonColumns}) because Hibernate Reactive's JSON type handles only JSON objects.
 */
@Converter
public class StringListJson implements AttributeConverter<List<String>, String> {

    private static final TypeReference<List<String>> TYPE = new TypeReference<>() {
    };

    @Override
    public String convertToDatabaseColumn(List<String> attribute) {
        return JsonColumns.write(attribute == null ? List.of() : attribute);
    }

    @Override
    public List<String> convertToEntityAttribute(String dbData) {
        if (dbData == null || dbData.equals("[]")) {
            return new ArrayList<>();
        }
        return new ArrayList<>(JsonColumns.read(dbData, TYPE));
    }
}
