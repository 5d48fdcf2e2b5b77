package io.switchboard.runtime.appfile;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.switchboard.runtime.WireEnum;

/** Where the app square files a template. */
public enum Category implements WireEnum {
    CUSTOMER_SERVICE,
    TEXT,
    CHANNEL,
    WORKFLOW;

    @JsonCreator
    public static Category of(String text) {
        return WireEnum.parse(Category.class, text, "category must be customer_service, text, channel or workflow");
    }
}
