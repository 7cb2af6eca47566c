package com.ctec.consumer.example.boot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The seed's example (README, "The seed's example, in Java") as a Spring Boot service: the
 * consumer comes from application.yml, the worker is {@link LoginSync#save}, the service starts and
 * stops it with the context. Run it with {@code bin/boot-example}.
 */
@SpringBootApplication
public class LoginSyncService {
    public static void main(String[] args) {
        SpringApplication.run(LoginSyncService.class, args);
    }
}
